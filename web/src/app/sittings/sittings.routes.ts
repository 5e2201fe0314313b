import { Routes } from '@angular/router';
import { Permission } from '@cdlp/shared';
import { permissionGuard } from '../core/auth.guards';

export const SITTINGS_ROUTES: Routes = [
  {
    path: '',
    title: 'Séances',
    loadComponent: () => import('./sitting-list.page').then((m) => m.SittingListPage),
  },
  {
    path: 'nouvelle',
    title: 'Programmer une séance',
    canActivate: [permissionGuard],
    data: { permission: Permission.SITTINGS_MANAGE },
    loadComponent: () => import('./sitting-form.page').then((m) => m.SittingFormPage),
  },
  {
    path: ':id',
    title: 'Séance',
    loadComponent: () => import('./sitting.page').then((m) => m.SittingPage),
  },
  {
    path: ':id/modifier',
    title: 'Modifier la séance',
    canActivate: [permissionGuard],
    data: { permission: Permission.SITTINGS_MANAGE },
    loadComponent: () => import('./sitting-form.page').then((m) => m.SittingFormPage),
  },
];
