import { Routes } from '@angular/router';

export const PATHWAYS_ROUTES: Routes = [
  {
    path: '',
    title: 'Parcours de sortie',
    loadComponent: () => import('./pathway-list.page').then((m) => m.PathwayListPage),
  },
  {
    path: ':id',
    title: 'Parcours',
    loadComponent: () => import('./pathway-detail.page').then((m) => m.PathwayDetailPage),
  },
];
