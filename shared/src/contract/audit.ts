export interface AuditEventDto {
  id: string;
  occurredAt: string;
  actorUserId: string | null;
  actorRole: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  requestId: string | null;
  hash: string;
}

export interface AuditVerificationDto {
  ok: boolean;
  checked: number;
  firstBrokenId: string | null;
  reason: string | null;
}
