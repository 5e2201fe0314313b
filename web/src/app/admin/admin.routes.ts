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
    path: 'courriels',
    title: 'Courriels envoyés',
    canActivate: [permissionGuard],
    data: { permission: Permission.OUTBOX_READ },
    loadComponent: () => import('../outbox/outbox-list.page').then((m) => m.OutboxListPage),
  },
  {
    path: 'courriels/:id',
    title: 'Courriel',
    canActivate: [permissionGuard],
    data: { permission: Permission.OUTBOX_READ },
    loadComponent: () => import('../outbox/outbox-message.page').then((m) => m.OutboxMessagePage),
  },
  {
    path: 'journal',
    title: "Journal d'audit",
    canActivate: [permissionGuard],
    data: { permission: Permission.AUDIT_READ },
    loadComponent: () => import('./audit.page').then((m) => m.AuditPage),
  },
  {
    path: 'parametres',
    title: 'Paramètres datés',
    canActivate: [permissionGuard],
    data: { permission: Permission.PARAMETERS_MANAGE },
    loadComponent: () => import('../settings/parameters.page').then((m) => m.ParametersPage),
  },
  {
    path: 'pieces-justificatives',
    title: 'Pièces justificatives des demandes',
    canActivate: [permissionGuard],
    data: { permission: Permission.PSP_CHECKLIST_MANAGE },
    loadComponent: () => import('../settings/checklist.page').then((m) => m.ChecklistPage),
  },
  {
    path: 'departement',
    title: 'Signature et courriels du département',
    canActivate: [permissionGuard],
    data: { permission: Permission.CONFIG_MANAGE },
    loadComponent: () =>
      import('../settings/departement-settings.page').then((m) => m.DepartementSettingsPage),
  },
];
