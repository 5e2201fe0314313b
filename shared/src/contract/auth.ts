import { IsBoolean, IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { Permission } from './permissions';
import type { ProConnectLinkState } from './proconnect';
import { ROLES, Role } from './roles';

/** Cookie and header names shared by the api and the web. */
export const SESSION_COOKIE = 'cdlp_session';
export const CSRF_COOKIE = 'cdlp_csrf';
export const CSRF_HEADER = 'x-csrf-token';
export const REQUEST_ID_HEADER = 'x-request-id';

/** Passwords: at least 12 characters (ANSSI recommendation for a password-only login). */
export const PASSWORD_MIN_LENGTH = 12;

export class LoginDto {
  @IsEmail({}, { message: "L'adresse électronique n'est pas valide." })
  email!: string;

  @IsString({ message: 'Le mot de passe est obligatoire.' })
  @IsNotEmpty({ message: 'Le mot de passe est obligatoire.' })
  @MaxLength(200, { message: 'Le mot de passe est trop long.' })
  password!: string;
}

export class PasswordResetRequestDto {
  @IsEmail({}, { message: "L'adresse électronique n'est pas valide." })
  email!: string;
}

export class PasswordResetDto {
  @IsString({ message: 'Le lien de réinitialisation est invalide.' })
  @IsNotEmpty({ message: 'Le lien de réinitialisation est invalide.' })
  token!: string;

  @IsString({ message: 'Le nouveau mot de passe est obligatoire.' })
  @MinLength(PASSWORD_MIN_LENGTH, {
    message: `Le mot de passe doit contenir au moins ${PASSWORD_MIN_LENGTH} caractères.`,
  })
  @MaxLength(200, { message: 'Le mot de passe est trop long.' })
  newPassword!: string;
}

export class ChangePasswordDto {
  @IsString({ message: 'Le mot de passe actuel est obligatoire.' })
  @IsNotEmpty({ message: 'Le mot de passe actuel est obligatoire.' })
  currentPassword!: string;

  @IsString({ message: 'Le nouveau mot de passe est obligatoire.' })
  @MinLength(PASSWORD_MIN_LENGTH, {
    message: `Le mot de passe doit contenir au moins ${PASSWORD_MIN_LENGTH} caractères.`,
  })
  @MaxLength(200, { message: 'Le mot de passe est trop long.' })
  newPassword!: string;
}

export interface CurrentUserDto {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  role: Role;
  permissions: Permission[];
  memberId: string | null;
  associationId: string | null;
  associationName: string | null;
  /** TENANT-1: the account's département; null for national accounts (SUPERVISOR, NATIONAL_ADMIN). */
  departementCode: string | null;
  departementName: string | null;
  /** Idle timeout of the session, in seconds, so the web can warn before it expires. */
  sessionIdleSeconds: number;
}

export interface SessionDto {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  userAgent: string | null;
  current: boolean;
}

export interface UserDto {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  role: Role;
  memberId: string | null;
  associationId: string | null;
  active: boolean;
  lockedUntil: string | null;
  lastLoginAt: string | null;
  /** Invitation to ProConnect and link to a ProConnect identity (State agents only). */
  proConnect: ProConnectLinkState;
  proConnectInvitedAt: string | null;
  proConnectLinkedAt: string | null;
}

export class CreateUserDto {
  @IsEmail({}, { message: "L'adresse électronique n'est pas valide." })
  email!: string;

  @IsString({ message: 'Le prénom est obligatoire.' })
  @IsNotEmpty({ message: 'Le prénom est obligatoire.' })
  @MaxLength(100, { message: 'Le prénom ne peut pas dépasser 100 caractères.' })
  firstName!: string;

  @IsString({ message: 'Le nom est obligatoire.' })
  @IsNotEmpty({ message: 'Le nom est obligatoire.' })
  @MaxLength(100, { message: 'Le nom ne peut pas dépasser 100 caractères.' })
  lastName!: string;

  @IsIn(ROLES, { message: 'Le rôle est invalide.' })
  role!: Role;

  @IsOptional()
  @IsUUID('4', { message: 'Le membre lié est invalide.' })
  memberId?: string | null;

  @IsOptional()
  @IsUUID('4', { message: "L'association liée est invalide." })
  associationId?: string | null;
}

export class UpdateUserDto extends CreateUserDto {
  @IsBoolean({ message: "L'état du compte doit être vrai ou faux." })
  active!: boolean;
}

/** Error body of every 4xx answer: a French message for the user and, for 400, the fields at fault. */
export interface ApiErrorDto {
  statusCode: number;
  message: string;
  errors?: { field: string; message: string }[];
  requestId?: string;
}
