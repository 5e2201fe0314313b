import { Routes } from '@angular/router';
import { Permission } from '@cdlp/shared';
import { permissionGuard } from '../core/auth.guards';

export const ASSOCIATIONS_ROUTES: Routes = [
  {
    path: '',
    title: 'Associations agréées',
    loadComponent: () => import('./association-list.page').then((m) => m.AssociationListPage),
  },
  {
    path: 'nouvelle',
    title: 'Ajouter une association',
    canActivate: [permissionGuard],
    data: { permission: Permission.ASSOCIATIONS_WRITE },
    loadComponent: () => import('./association-form.page').then((m) => m.AssociationFormPage),
  },
  {
    path: ':id',
    title: "Fiche de l'association",
    loadComponent: () => import('./association-detail.page').then((m) => m.AssociationDetailPage),
  },
  {
    path: ':id/modifier',
    title: 'Modifier une association',
    canActivate: [permissionGuard],
    data: { permission: Permission.ASSOCIATIONS_WRITE },
    loadComponent: () => import('./association-form.page').then((m) => m.AssociationFormPage),
  },
];
