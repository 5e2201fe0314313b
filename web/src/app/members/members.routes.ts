import { Routes } from '@angular/router';
import { Permission } from '@cdlp/shared';
import { permissionGuard } from '../core/auth.guards';

export const MEMBERS_ROUTES: Routes = [
  {
    path: '',
    title: 'Membres de la commission',
    loadComponent: () => import('./member-list.page').then((m) => m.MemberListPage),
  },
  {
    path: 'nouveau',
    title: 'Ajouter un membre',
    canActivate: [permissionGuard],
    data: { permission: Permission.MEMBERS_WRITE },
    loadComponent: () => import('./member-form.page').then((m) => m.MemberFormPage),
  },
  {
    path: 'import',
    title: 'Importer des membres',
    canActivate: [permissionGuard],
    data: { permission: Permission.MEMBERS_WRITE },
    loadComponent: () => import('./member-import.page').then((m) => m.MemberImportPage),
  },
  {
    path: ':id',
    title: 'Fiche membre',
    loadComponent: () => import('./member-detail.page').then((m) => m.MemberDetailPage),
  },
  {
    path: ':id/modifier',
    title: 'Modifier un membre',
    canActivate: [permissionGuard],
    data: { permission: Permission.MEMBERS_WRITE },
    loadComponent: () => import('./member-form.page').then((m) => m.MemberFormPage),
  },
];
