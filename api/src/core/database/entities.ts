import { AuditEventEntity } from '../audit/audit-event.entity';
import { DepartementCertificateEntity } from '../signing/departement-certificate.entity';
import { PasswordResetTokenEntity } from '../auth/password-reset-token.entity';
import { SessionEntity } from '../auth/session.entity';
import { UserEntity } from '../auth/user.entity';
import { ProConnectLoginAttemptEntity, ProConnectSessionEntity } from '../auth/proconnect/proconnect.entities';
import { OutboxMessageEntity } from '../outbox/outbox-message.entity';
import { AssociationEntity } from '../../registry/association.entity';
import { DepartementEntity } from '../../registry/departement.entity';
import { MemberCategoryEntity } from '../../registry/member-category.entity';
import { MemberEntity } from '../../registry/member.entity';
import { ChecklistItemEntity } from '../../psp-requests/checklist-item.entity';
import { PspRequestEntity } from '../../psp-requests/psp-request.entity';
import { SupportingDocumentEntity } from '../../psp-requests/supporting-document.entity';
import { PathwayPeriodEntity } from '../../pathways/pathway-period.entity';
import { PathwayEntity } from '../../pathways/pathway.entity';
import { AgendaDocumentEntity } from '../../sittings/agenda-document.entity';
import { AgendaItemEntity } from '../../sittings/agenda-item.entity';
import { SittingMemberEntity } from '../../sittings/sitting-member.entity';
import { SittingEntity } from '../../sittings/sitting.entity';
import {
  BallotEntity,
  BallotLogEntity,
  DeliberationCommentEntity,
  DissentEntity,
  InterestDeclarationEntity,
  PhysicalSittingRequestEntity,
} from '../../deliberation/deliberation.entities';
import { SignedDocumentEntity } from '../../documents/signed-document.entity';
import { MinutesEntity } from '../../minutes/minutes.entity';
import { DecisionEntity } from '../../decisions/decision.entity';
import {
  ActionProgressEntity,
  IndicatorValueEntity,
  StrategyCommentEntity,
  StrategyEntity,
  StrategyVersionEntity,
} from '../../strategy/strategy.entities';

/** Every entity of the portal. Listed explicitly so that tests and the CLI load the same set. */
export const ENTITIES = [
  AuditEventEntity,
  UserEntity,
  SessionEntity,
  PasswordResetTokenEntity,
  ProConnectLoginAttemptEntity,
  ProConnectSessionEntity,
  OutboxMessageEntity,
  DepartementEntity,
  DepartementCertificateEntity,
  MemberCategoryEntity,
  MemberEntity,
  AssociationEntity,
  ChecklistItemEntity,
  PspRequestEntity,
  SupportingDocumentEntity,
  PathwayEntity,
  PathwayPeriodEntity,
  SittingEntity,
  AgendaItemEntity,
  AgendaDocumentEntity,
  SittingMemberEntity,
  BallotEntity,
  BallotLogEntity,
  InterestDeclarationEntity,
  DissentEntity,
  DeliberationCommentEntity,
  PhysicalSittingRequestEntity,
  SignedDocumentEntity,
  MinutesEntity,
  DecisionEntity,
  StrategyEntity,
  StrategyVersionEntity,
  StrategyCommentEntity,
  IndicatorValueEntity,
  ActionProgressEntity,
];
