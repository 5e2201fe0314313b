/* Validation of the national request bodies: the API's DTO classes. The web uses the interfaces of the same names (shared/src/contract/national.ts). */
import { IsBoolean, IsEmail, IsNotEmpty, IsString, Matches, MaxLength, ValidateBy } from 'class-validator';
import type * as contract from '../contract/national';
import { isDepartementCode } from '../rules/tenancy';

/** A département code validated by the shared rule (01–95, 2A, 2B, 971–976). */
function IsDepartementCode(message: string): PropertyDecorator {
  return ValidateBy({
    name: 'isDepartementCode',
    validator: { validate: (v: unknown) => isDepartementCode(v), defaultMessage: () => message },
  });
}

/** A sender name goes into a From header: no quotes, angle brackets, backslash or line break. */
const SENDER_NAME = /^[^"<>\\\r\n]+$/;

export class OpenDepartementDto implements contract.OpenDepartementDto {
  @IsDepartementCode('Le code du département est invalide : 01 à 95, 2A, 2B ou 971 à 976.')
  code!: string;

  @IsString({ message: 'Le nom du département est obligatoire.' })
  @IsNotEmpty({ message: 'Le nom du département est obligatoire.' })
  @MaxLength(100, { message: 'Le nom du département ne peut pas dépasser 100 caractères.' })
  name!: string;

  @IsString({ message: 'La préfecture est obligatoire.' })
  @IsNotEmpty({ message: 'La préfecture est obligatoire.' })
  @MaxLength(100, { message: 'La préfecture ne peut pas dépasser 100 caractères.' })
  prefecture!: string;

  @IsString({ message: 'Le nom d’expéditeur des courriels est obligatoire.' })
  @IsNotEmpty({ message: 'Le nom d’expéditeur des courriels est obligatoire.' })
  @MaxLength(100, { message: 'Le nom d’expéditeur ne peut pas dépasser 100 caractères.' })
  @Matches(SENDER_NAME, {
    message:
      'Le nom d’expéditeur ne peut contenir ni guillemets, ni chevrons, ni barre oblique inverse, ni retour à la ligne.',
  })
  mailSenderName!: string;

  /** The first account of the département: its secretariat, which then opens the others. */
  @IsEmail({}, { message: "L'adresse électronique du secrétariat n'est pas valide." })
  secretariatEmail!: string;

  @IsString({ message: 'Le prénom de la personne du secrétariat est obligatoire.' })
  @IsNotEmpty({ message: 'Le prénom de la personne du secrétariat est obligatoire.' })
  @MaxLength(100, { message: 'Le prénom ne peut pas dépasser 100 caractères.' })
  secretariatFirstName!: string;

  @IsString({ message: 'Le nom de la personne du secrétariat est obligatoire.' })
  @IsNotEmpty({ message: 'Le nom de la personne du secrétariat est obligatoire.' })
  @MaxLength(100, { message: 'Le nom ne peut pas dépasser 100 caractères.' })
  secretariatLastName!: string;
}

export class UpdateDepartementDto implements contract.UpdateDepartementDto {
  @IsString({ message: 'Le nom du département est obligatoire.' })
  @IsNotEmpty({ message: 'Le nom du département est obligatoire.' })
  @MaxLength(100, { message: 'Le nom du département ne peut pas dépasser 100 caractères.' })
  name!: string;

  @IsString({ message: 'La préfecture est obligatoire.' })
  @IsNotEmpty({ message: 'La préfecture est obligatoire.' })
  @MaxLength(100, { message: 'La préfecture ne peut pas dépasser 100 caractères.' })
  prefecture!: string;

  @IsString({ message: 'Le nom d’expéditeur des courriels est obligatoire.' })
  @IsNotEmpty({ message: 'Le nom d’expéditeur des courriels est obligatoire.' })
  @MaxLength(100, { message: 'Le nom d’expéditeur ne peut pas dépasser 100 caractères.' })
  @Matches(SENDER_NAME, {
    message:
      'Le nom d’expéditeur ne peut contenir ni guillemets, ni chevrons, ni barre oblique inverse, ni retour à la ligne.',
  })
  mailSenderName!: string;

  /** A deactivated département: its accounts cannot log in (their sessions end) and its jobs stop. */
  @IsBoolean({ message: 'L’état du département doit être vrai (ouvert) ou faux (fermé).' })
  active!: boolean;
}

export class UpdateMailSenderDto implements contract.UpdateMailSenderDto {
  @IsString({ message: 'Le nom d’expéditeur des courriels est obligatoire.' })
  @IsNotEmpty({ message: 'Le nom d’expéditeur des courriels est obligatoire.' })
  @MaxLength(100, { message: 'Le nom d’expéditeur ne peut pas dépasser 100 caractères.' })
  @Matches(SENDER_NAME, {
    message:
      'Le nom d’expéditeur ne peut contenir ni guillemets, ni chevrons, ni barre oblique inverse, ni retour à la ligne.',
  })
  mailSenderName!: string;
}

/** The password of an uploaded PKCS#12 file (the file itself travels in the `file` field). */
export class UploadSigningCertificateDto implements contract.UploadSigningCertificateDto {
  @IsString({ message: 'Le mot de passe du fichier PKCS#12 est obligatoire.' })
  @MaxLength(200, { message: 'Le mot de passe ne peut pas dépasser 200 caractères.' })
  password!: string;
}
