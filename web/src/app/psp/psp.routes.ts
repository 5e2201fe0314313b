import { Routes } from '@angular/router';
import { Permission } from '@cdlp/shared';
import { permissionGuard } from '../core/auth.guards';

export const PSP_ROUTES: Routes = [
  {
    path: '',
    title: 'Demandes de parcours de sortie',
    loadComponent: () => import('./psp-list.page').then((m) => m.PspListPage),
  },
  {
    path: 'nouvelle',
    title: 'Nouvelle demande',
    canActivate: [permissionGuard],
    data: { permission: Permission.PSP_REQUESTS_FILE },
    loadComponent: () => import('./psp-form.page').then((m) => m.PspFormPage),
  },
  {
    path: ':id',
    title: 'Dossier de demande',
    loadComponent: () => import('./psp-dossier.page').then((m) => m.PspDossierPage),
  },
  {
    path: ':id/modifier',
    title: 'Modifier la demande',
    canActivate: [permissionGuard],
    data: { permission: Permission.PSP_REQUESTS_FILE },
    loadComponent: () => import('./psp-form.page').then((m) => m.PspFormPage),
  },
];
