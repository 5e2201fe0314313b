import {
  ArgumentsHost,
  BadRequestException,
  Body,
  Catch,
  Controller,
  ExceptionFilter,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  PayloadTooLargeException,
  Post,
  Put,
  Query,
  UploadedFile,
  UseFilters,
  UseInterceptors,
} from '@nestjs/common';
import type { Response } from 'express';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiConsumes, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import {
  AssociationDto,
  DepartementDto,
  ImportResultDto,
  MemberCategoryDto,
  MemberDto,
  PageDto,
  Permission,
} from '@cdlp/shared';
import {
  CreateAssociationDto,
  CreateMemberDto,
  EndAssociationDto,
  EndMandateDto,
  UpdateAssociationDto,
  UpdateMemberDto,
} from '@cdlp/shared/dto';
import { RequirePermission } from '../core/auth/permission.decorator';
import { currentRequestId } from '../core/context/request-context';
import { SearchPageQuery } from '../core/http/page-query';
import { AssociationsService } from './associations.service';
import { ImportFailed, MemberImportService } from './member-import.service';
import { MembersService } from './members.service';
import { RegistryService } from './registry.service';

export class MemberListQueryDto extends SearchPageQuery {
  @IsOptional()
  @IsString()
  @MaxLength(40)
  categoryCode?: string;

  @IsOptional()
  @IsIn(['lastName', 'category', 'termEnd'], { message: 'Le tri doit valoir lastName, category ou termEnd.' })
  sort: 'lastName' | 'category' | 'termEnd' = 'lastName';
}

const IMPORT_MAX_BYTES = 2 * 1024 * 1024;

/** The global filter states the 10 Mo limit of PSP documents; the CSV import has its own 2 Mo limit. */
@Catch(PayloadTooLargeException)
class ImportTooLargeFilter implements ExceptionFilter {
  catch(_exception: PayloadTooLargeException, host: ArgumentsHost): void {
    host
      .switchToHttp()
      .getResponse<Response>()
      .status(400)
      .json({
        statusCode: 400,
        message: 'Le fichier dépasse la taille maximale autorisée (2 Mo).',
        errors: [{ field: 'file', message: 'Fichier trop volumineux (2 Mo au plus).' }],
        requestId: currentRequestId() ?? undefined,
      });
  }
}

interface UploadedCsv {
  buffer: Buffer;
  size: number;
  originalname: string;
}

@ApiTags('registry')
@Controller('registry')
export class RegistryController {
  constructor(private readonly registry: RegistryService, private readonly members: MembersService) {}

  @RequirePermission(Permission.DEPARTEMENT_READ)
  @Get('departement')
  departement(): Promise<DepartementDto> {
    return this.registry.departement();
  }

  @RequirePermission(Permission.AUTHENTICATED)
  @Get('member-categories')
  categories(): Promise<MemberCategoryDto[]> {
    return this.members.categories();
  }
}

@ApiTags('members')
@Controller('members')
export class MembersController {
  constructor(
    private readonly members: MembersService,
    private readonly importer: MemberImportService,
  ) {}

  @RequirePermission(Permission.MEMBERS_READ)
  @Get()
  list(@Query() q: MemberListQueryDto): Promise<PageDto<MemberDto>> {
    return this.members.list(q);
  }

  @RequirePermission(Permission.MEMBERS_WRITE)
  @Post('import')
  @HttpCode(200)
  @ApiConsumes('multipart/form-data')
  @UseFilters(ImportTooLargeFilter)
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: IMPORT_MAX_BYTES, files: 1 } }))
  async import(@UploadedFile() file: UploadedCsv | undefined): Promise<ImportResultDto> {
    if (!file) {
      throw new BadRequestException({
        statusCode: 400,
        message: 'Joignez un fichier CSV (champ « file »).',
        errors: [{ field: 'file', message: 'Fichier manquant.' }],
      });
    }
    try {
      return await this.importer.import(file.buffer.toString('utf8'));
    } catch (err) {
      if (err instanceof ImportFailed) {
        throw new BadRequestException({
          statusCode: 400,
          message: `Import refusé : ${err.errors.length} erreur(s). Aucun membre n'a été importé.`,
          errors: err.errors.map((e) => ({ line: e.line, field: e.field ?? '', message: e.message })),
        });
      }
      throw err;
    }
  }

  @RequirePermission(Permission.MEMBERS_READ)
  @Get(':id')
  get(@Param('id', ParseUUIDPipe) id: string): Promise<MemberDto> {
    return this.members.get(id);
  }

  @RequirePermission(Permission.MEMBERS_WRITE)
  @Post()
  create(@Body() dto: CreateMemberDto): Promise<MemberDto> {
    return this.members.create(dto);
  }

  @RequirePermission(Permission.MEMBERS_WRITE)
  @Put(':id')
  update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateMemberDto): Promise<MemberDto> {
    return this.members.update(id, dto);
  }

  @RequirePermission(Permission.MEMBERS_WRITE)
  @Post(':id/end')
  @HttpCode(200)
  end(@Param('id', ParseUUIDPipe) id: string, @Body() dto: EndMandateDto): Promise<MemberDto> {
    return this.members.end(id, dto);
  }
}

@ApiTags('associations')
@Controller('associations')
export class AssociationsController {
  constructor(private readonly associations: AssociationsService) {}

  @RequirePermission(Permission.ASSOCIATIONS_READ)
  @Get()
  list(@Query() q: SearchPageQuery): Promise<PageDto<AssociationDto>> {
    return this.associations.list(q);
  }

  @RequirePermission(Permission.ASSOCIATIONS_READ)
  @Get(':id')
  get(@Param('id', ParseUUIDPipe) id: string): Promise<AssociationDto> {
    return this.associations.get(id);
  }

  @RequirePermission(Permission.ASSOCIATIONS_WRITE)
  @Post()
  create(@Body() dto: CreateAssociationDto): Promise<AssociationDto> {
    return this.associations.create(dto);
  }

  @RequirePermission(Permission.ASSOCIATIONS_WRITE)
  @Put(':id')
  update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateAssociationDto): Promise<AssociationDto> {
    return this.associations.update(id, dto);
  }

  @RequirePermission(Permission.ASSOCIATIONS_WRITE)
  @Post(':id/end')
  @HttpCode(200)
  end(@Param('id', ParseUUIDPipe) id: string, @Body() dto: EndAssociationDto): Promise<AssociationDto> {
    return this.associations.end(id, dto);
  }
}
