import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

/** Server-side pagination, shared by every list endpoint. */
export class PageQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'Le numéro de page doit être un entier.' })
  @Min(1, { message: 'Le numéro de page doit être au moins 1.' })
  page = 1;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'La taille de page doit être un entier.' })
  @Min(1, { message: 'La taille de page doit être au moins 1.' })
  @Max(200, { message: 'La taille de page ne peut pas dépasser 200.' })
  pageSize = 20;
}

export class SearchPageQuery extends PageQuery {
  @IsOptional()
  @IsString()
  @MaxLength(100, { message: 'La recherche ne peut pas dépasser 100 caractères.' })
  search?: string;

  @IsOptional()
  @IsIn(['active', 'ended', 'all'], { message: 'Le filtre de statut doit valoir active, ended ou all.' })
  status: 'active' | 'ended' | 'all' = 'active';

  @IsOptional()
  @IsIn(['asc', 'desc'], { message: "L'ordre de tri doit valoir asc ou desc." })
  order: 'asc' | 'desc' = 'asc';
}
