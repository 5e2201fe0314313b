import { Role } from './roles';

/**
 * Permissions are declared on every API handler and checked by the server.
 * The web uses the same table to decide what to show, never to protect data.
 */
export enum Permission {
  /** Any logged-in user: own account, dashboard, reference lists. */
  AUTHENTICATED = 'AUTHENTICATED',
  MEMBERS_READ = 'MEMBERS_READ',
  MEMBERS_WRITE = 'MEMBERS_WRITE',
  ASSOCIATIONS_READ = 'ASSOCIATIONS_READ',
  ASSOCIATIONS_WRITE = 'ASSOCIATIONS_WRITE',
  USERS_MANAGE = 'USERS_MANAGE',
  AUDIT_READ = 'AUDIT_READ',
  CONFIG_MANAGE = 'CONFIG_MANAGE',
}

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  SECRETARIAT: [
    Permission.AUTHENTICATED,
    Permission.MEMBERS_READ,
    Permission.MEMBERS_WRITE,
    Permission.ASSOCIATIONS_READ,
    Permission.ASSOCIATIONS_WRITE,
  ],
  PRESIDENT: [Permission.AUTHENTICATED, Permission.MEMBERS_READ, Permission.ASSOCIATIONS_READ, Permission.AUDIT_READ],
  MEMBER: [Permission.AUTHENTICATED],
  ASSOCIATION: [Permission.AUTHENTICATED],
  ADMIN: [
    Permission.AUTHENTICATED,
    Permission.MEMBERS_READ,
    Permission.ASSOCIATIONS_READ,
    Permission.USERS_MANAGE,
    Permission.AUDIT_READ,
    Permission.CONFIG_MANAGE,
  ],
};

export function hasPermission(role: Role | null | undefined, permission: Permission): boolean {
  if (!role) return false;
  return ROLE_PERMISSIONS[role].includes(permission);
}
