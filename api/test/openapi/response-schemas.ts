import { join } from 'node:path';
import type { OpenAPIObject } from '@nestjs/swagger';
import ts from 'typescript';

/** A JSON schema of the OpenAPI 3.0 subset written here. */
export interface Schema {
  $ref?: string;
  type?: 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array';
  enum?: (string | number | boolean)[];
  nullable?: boolean;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: Schema;
  oneOf?: Schema[];
  format?: string;
  [key: string]: unknown;
}

const ROOT = join(__dirname, '..', '..', '..');
const HTTP_DECORATORS = new Set(['Get', 'Post', 'Put', 'Patch', 'Delete']);

/**
 * The response DTOs are interfaces of @cdlp/shared: Swagger cannot see them, so the document
 * of the running api has no response schema. They are read here from the controllers' declared
 * return types (TypeScript's checker) and added to the document under each operation's 200/201
 * answer, named after the interface (generic ones as PageDto_MemberDto).
 */
export function addResponseSchemas(document: OpenAPIObject): void {
  const configPath = join(ROOT, 'api', 'tsconfig.app.json');
  const parsed = ts.getParsedCommandLineOfConfigFile(
    configPath,
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined },
  );
  if (!parsed) throw new Error(`Cannot read ${configPath}`);
  const roots = parsed.fileNames.filter((f) => f.endsWith('.controller.ts'));
  const program = ts.createProgram(roots, { ...parsed.options, noEmit: true });
  const checker = program.getTypeChecker();
  const components = (document.components ??= {});
  const schemas = (components.schemas ??= {}) as Record<string, Schema>;
  const named = new Map<ts.Type, string>();

  const nameOf = (type: ts.Type): string | null => {
    const symbol = type.aliasSymbol ?? type.getSymbol();
    if (!symbol || symbol.getName() === '__type' || symbol.getName() === '__object') return null;
    const decl = symbol.getDeclarations()?.[0];
    if (!decl || !decl.getSourceFile().fileName.includes('/shared/src/')) return null;
    if (
      !ts.isInterfaceDeclaration(decl) &&
      !(ts.isTypeAliasDeclaration(decl) && ts.isTypeLiteralNode(decl.type))
    )
      return null;
    const args = type.aliasSymbol ? type.aliasTypeArguments : (type as ts.TypeReference).typeArguments;
    const argNames = (args ?? []).map((a) => nameOf(a) ?? checker.typeToString(a).replace(/\W+/g, ''));
    return [symbol.getName(), ...argNames].join('_');
  };

  const toSchema = (type: ts.Type): Schema => {
    if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return {};
    if (type.flags & ts.TypeFlags.Null) return { nullable: true };
    if (type.flags & ts.TypeFlags.StringLiteral)
      return { type: 'string', enum: [(type as ts.StringLiteralType).value] };
    if (type.flags & ts.TypeFlags.NumberLiteral)
      return { type: 'number', enum: [(type as ts.NumberLiteralType).value] };
    if (type.flags & ts.TypeFlags.BooleanLike) return { type: 'boolean' };
    if (type.flags & ts.TypeFlags.StringLike) return { type: 'string' };
    if (type.flags & ts.TypeFlags.NumberLike) return { type: 'number' };
    if (type.isUnion()) {
      const parts = type.types.filter((t) => !(t.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined)));
      const nullable =
        parts.length < type.types.length && type.types.some((t) => t.flags & ts.TypeFlags.Null);
      let schema: Schema;
      if (parts.every((t) => t.flags & ts.TypeFlags.BooleanLiteral)) schema = { type: 'boolean' };
      else if (parts.every((t) => t.flags & ts.TypeFlags.StringLiteral)) {
        schema = { type: 'string', enum: parts.map((t) => (t as ts.StringLiteralType).value) };
      } else if (parts.length === 1) schema = toSchema(parts[0]);
      else schema = { oneOf: parts.map(toSchema) };
      return nullable
        ? schema.$ref
          ? { oneOf: [schema], nullable: true }
          : { ...schema, nullable: true }
        : schema;
    }
    if (checker.isArrayType(type) || checker.isTupleType(type)) {
      const [item] = checker.getTypeArguments(type as ts.TypeReference);
      return { type: 'array', items: item ? toSchema(item) : {} };
    }
    if (type.getSymbol()?.getName() === 'Date') return { type: 'string', format: 'date-time' };
    const name = nameOf(type);
    if (name) {
      if (!named.has(type)) {
        // A request DTO class of the same name keeps its schema (validation rules); the answer's
        // interface is written beside it.
        let unique = name in schemas ? `${name}Response` : name;
        for (let n = 2; unique in schemas; n++) unique = `${name}Response${n}`;
        named.set(type, unique);
        schemas[unique] = {};
        schemas[unique] = objectSchema(type);
      }
      return { $ref: `#/components/schemas/${named.get(type)}` };
    }
    return objectSchema(type);
  };

  const objectSchema = (type: ts.Type): Schema => {
    const properties: Record<string, Schema> = {};
    const required: string[] = [];
    for (const prop of checker.getPropertiesOfType(type)) {
      // An optional property's type includes undefined, which toSchema leaves out of unions.
      properties[prop.getName()] = toSchema(checker.getTypeOfSymbol(prop));
      if ((prop.flags & ts.SymbolFlags.Optional) === 0) required.push(prop.getName());
    }
    const schema: Schema = { type: 'object', properties };
    if (required.length) schema.required = required;
    const index = checker.getIndexInfosOfType(type)[0];
    if (index) schema.additionalProperties = toSchema(index.type);
    return schema;
  };

  const returnTypes = new Map<string, ts.Type>();
  for (const file of program.getSourceFiles()) {
    if (!roots.includes(file.fileName)) continue;
    for (const cls of file.statements.filter(ts.isClassDeclaration)) {
      if (!cls.name || !decorators(cls).includes('Controller')) continue;
      for (const member of cls.members) {
        if (!ts.isMethodDeclaration(member) || !ts.isIdentifier(member.name)) continue;
        const names = decorators(member);
        if (!names.some((n) => HTTP_DECORATORS.has(n)) || names.includes('Sse') || names.includes('Redirect'))
          continue;
        const signature = checker.getSignatureFromDeclaration(member);
        if (!signature) continue;
        let type = checker.getReturnTypeOfSignature(signature);
        if (type.getSymbol()?.getName() === 'Promise')
          type = checker.getTypeArguments(type as ts.TypeReference)[0] ?? type;
        if (
          type.flags &
          (ts.TypeFlags.Void | ts.TypeFlags.Undefined | ts.TypeFlags.Any | ts.TypeFlags.Unknown)
        )
          continue;
        if (['StreamableFile', 'Observable'].includes(type.getSymbol()?.getName() ?? '')) continue;
        returnTypes.set(`${cls.name.text}_${member.name.text}`, type);
      }
    }
  }

  for (const ops of Object.values(document.paths)) {
    for (const op of Object.values(ops) as {
      operationId?: string;
      responses?: Record<string, { description?: string; content?: unknown }>;
    }[]) {
      const type = op.operationId ? returnTypes.get(op.operationId) : undefined;
      if (!type || !op.responses) continue;
      const status = Object.keys(op.responses).find((s) => s.startsWith('2'));
      if (!status) continue;
      op.responses[status].content = { 'application/json': { schema: toSchema(type) } };
    }
  }
}

function decorators(node: ts.HasDecorators): string[] {
  return (ts.getDecorators(node) ?? []).map((d) => {
    const e = d.expression;
    return ts.isCallExpression(e) ? e.expression.getText() : e.getText();
  });
}
