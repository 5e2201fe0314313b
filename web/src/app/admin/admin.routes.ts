import { Routes } from '@angular/router';
import { Permission } from '@cdlp/shared';
import { permissionGuard } from '../core/auth.guards';

export const ADMIN_ROUTES: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'comptes' },
  {
    path: 'comptes',
    title: 'Comptes utilisateurs',
    canActivate: [permissionGuard],
    data: { permission: Permission.USERS_MANAGE },
    loadComponent: () => import('./users.page').then((m) => m.UsersPage),
  },
  {
    path: 'comptes/nouveau',
    title: 'Créer un compte',
    canActivate: [permissionGuard],
    data: { permission: Permission.USERS_MANAGE },
    loadComponent: () => import('./user-create.page').then((m) => m.UserCreatePage),
  },
  {
    path: 'journal',
    title: "Journal d'audit",
    canActivate: [permissionGuard],
    data: { permission: Permission.AUDIT_READ },
    loadComponent: () => import('./audit.page').then((m) => m.AuditPage),
  },
];
