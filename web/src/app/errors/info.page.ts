import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute } from '@angular/router';
import { map } from 'rxjs';

interface InfoContent {
  title: string;
  paragraphs: string[];
}

export const INFO_PAGES: Record<string, InfoContent> = {
  accessibilite: {
    title: 'Déclaration d’accessibilité',
    paragraphs: [
      'Le portail de la commission départementale de lutte contre la prostitution s’engage à rendre ses services accessibles, conformément à l’article 47 de la loi n° 2005-102 du 11 février 2005.',
      'État de conformité : le portail n’a pas encore fait l’objet d’un audit de conformité au référentiel général d’amélioration de l’accessibilité (RGAA). Il est donc déclaré non conforme. Il est toutefois conçu avec le système de design de l’État et testé automatiquement sur les critères WCAG 2.1 niveau AA.',
      'Si vous n’arrivez pas à accéder à un contenu ou à un service, contactez le secrétariat de la commission pour être orienté vers une alternative accessible.',
    ],
  },
  'mentions-legales': {
    title: 'Mentions légales',
    paragraphs: [
      'Éditeur : préfecture du département, secrétariat de la commission départementale de lutte contre la prostitution, le proxénétisme et la traite des êtres humains aux fins d’exploitation sexuelle.',
      'Directeur de la publication : le préfet du département.',
      'Le portail est réservé aux membres de la commission, à son secrétariat et aux associations agréées. Tout accès non autorisé est interdit.',
    ],
  },
  'donnees-personnelles': {
    title: 'Données personnelles',
    paragraphs: [
      'Les données traitées sur ce portail (identité et coordonnées des membres de la commission et des associations agréées, comptes utilisateurs) le sont pour le fonctionnement de la commission, mission d’intérêt public.',
      'Seules les personnes habilitées y ont accès, selon leur rôle. Chaque action sensible est tracée dans un journal d’audit.',
      'Vous pouvez exercer vos droits d’accès, de rectification et de limitation auprès du secrétariat de la commission.',
    ],
  },
};

@Component({
  selector: 'cdlp-info-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="fr-container">
      <div class="fr-grid-row">
        <div class="fr-col-12 fr-col-lg-8">
          <h1>{{ content().title }}</h1>
          @for (p of content().paragraphs; track $index) {
            <p>{{ p }}</p>
          }
        </div>
      </div>
    </div>
  `,
})
export class InfoPage {
  private readonly page = toSignal(inject(ActivatedRoute).data.pipe(map((d) => d['page'] as string)), {
    initialValue: '',
  });
  readonly content = computed(() => INFO_PAGES[this.page()] ?? INFO_PAGES['accessibilite']);
}
