export interface HealthDto {
  status: 'ok' | 'error';
}
