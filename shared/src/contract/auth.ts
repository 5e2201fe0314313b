import { Permission } from './permissions';
import type { ProConnectLinkState } from './proconnect';
import type { Role } from './roles';

/** Cookie and header names shared by the api and the web. */
export const SESSION_COOKIE = 'cdlp_session';
export const CSRF_COOKIE = 'cdlp_csrf';
export const CSRF_HEADER = 'x-csrf-token';
export const REQUEST_ID_HEADER = 'x-request-id';

/** Passwords: at least 12 characters (ANSSI recommendation for a password-only login). */
export const PASSWORD_MIN_LENGTH = 12;

export interface LoginDto {
  email: string;
  password: string;
}

export interface PasswordResetRequestDto {
  email: string;
}

export interface PasswordResetDto {
  token: string;
  newPassword: string;
}

export interface ChangePasswordDto {
  currentPassword: string;
  newPassword: string;
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

export interface CreateUserDto {
  email: string;
  firstName: string;
  lastName: string;
  role: Role;
  memberId?: string | null;
  associationId?: string | null;
}

export interface UpdateUserDto extends CreateUserDto {
  active: boolean;
}

/** Error body of every 4xx answer: a French message for the user and, for 400, the fields at fault. */
export interface ApiErrorDto {
  statusCode: number;
  message: string;
  errors?: { field: string; message: string }[];
  requestId?: string;
}
