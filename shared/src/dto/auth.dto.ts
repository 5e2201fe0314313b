/* Validation of the auth request bodies: the API's DTO classes. The web uses the interfaces of the same names (shared/src/contract/auth.ts). */
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
} from 'class-validator';
import type * as contract from '../contract/auth';
import { PASSWORD_MIN_LENGTH } from '../contract/auth';
import { ROLES, type Role } from '../contract/roles';

export class LoginDto implements contract.LoginDto {
  @IsEmail({}, { message: "L'adresse électronique n'est pas valide." })
  email!: string;

  @IsString({ message: 'Le mot de passe est obligatoire.' })
  @IsNotEmpty({ message: 'Le mot de passe est obligatoire.' })
  @MaxLength(200, { message: 'Le mot de passe est trop long.' })
  password!: string;
}

export class PasswordResetRequestDto implements contract.PasswordResetRequestDto {
  @IsEmail({}, { message: "L'adresse électronique n'est pas valide." })
  email!: string;
}

export class PasswordResetDto implements contract.PasswordResetDto {
  @IsString({ message: 'Le lien de réinitialisation est invalide.' })
  @IsNotEmpty({ message: 'Le lien de réinitialisation est invalide.' })
  token!: string;

  @IsString({ message: 'Le nouveau mot de passe est obligatoire.' })
  @MinLength(PASSWORD_MIN_LENGTH, {
    message: `Le mot de passe doit contenir au moins ${PASSWORD_MIN_LENGTH} caractères.`,
  })
  @MaxLength(200, { message: 'Le mot de passe est trop long.' })
  newPassword!: string;
}

export class ChangePasswordDto implements contract.ChangePasswordDto {
  @IsString({ message: 'Le mot de passe actuel est obligatoire.' })
  @IsNotEmpty({ message: 'Le mot de passe actuel est obligatoire.' })
  currentPassword!: string;

  @IsString({ message: 'Le nouveau mot de passe est obligatoire.' })
  @MinLength(PASSWORD_MIN_LENGTH, {
    message: `Le mot de passe doit contenir au moins ${PASSWORD_MIN_LENGTH} caractères.`,
  })
  @MaxLength(200, { message: 'Le mot de passe est trop long.' })
  newPassword!: string;
}

export class CreateUserDto implements contract.CreateUserDto {
  @IsEmail({}, { message: "L'adresse électronique n'est pas valide." })
  email!: string;

  @IsString({ message: 'Le prénom est obligatoire.' })
  @IsNotEmpty({ message: 'Le prénom est obligatoire.' })
  @MaxLength(100, { message: 'Le prénom ne peut pas dépasser 100 caractères.' })
  firstName!: string;

  @IsString({ message: 'Le nom est obligatoire.' })
  @IsNotEmpty({ message: 'Le nom est obligatoire.' })
  @MaxLength(100, { message: 'Le nom ne peut pas dépasser 100 caractères.' })
  lastName!: string;

  @IsIn(ROLES, { message: 'Le rôle est invalide.' })
  role!: Role;

  @IsOptional()
  @IsUUID('4', { message: 'Le membre lié est invalide.' })
  memberId?: string | null;

  @IsOptional()
  @IsUUID('4', { message: "L'association liée est invalide." })
  associationId?: string | null;
}

export class UpdateUserDto extends CreateUserDto implements contract.UpdateUserDto {
  @IsBoolean({ message: "L'état du compte doit être vrai ou faux." })
  active!: boolean;
}
