export interface OutboxMessageSummaryDto {
  id: string;
  template: string;
  recipient: string;
  subject: string;
  status: 'QUEUED' | 'SENT' | 'FAILED';
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string;
  createdAt: string;
  sentAt: string | null;
  relatedType: string | null;
  relatedId: string | null;
  attachments: { filename: string; contentType: string }[];
}

export interface OutboxMessageDto extends OutboxMessageSummaryDto {
  textBody: string;
  htmlBody: string;
}

export const OUTBOX_STATUS_LABELS: Record<OutboxMessageSummaryDto['status'], string> = {
  QUEUED: 'En attente d’envoi',
  SENT: 'Envoyé',
  FAILED: 'Échec',
};
