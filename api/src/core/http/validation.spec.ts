import { ArgumentMetadata, BadRequestException } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsDate, IsIn, IsOptional } from 'class-validator';
import { PageQuery } from './page-query';
import { createValidationPipe } from './validation';

class ListQuery extends PageQuery {
  @IsOptional() @IsIn(['A', 'B'], { message: "L'état est invalide." })
  state?: string;

  @IsOptional() @Type(() => Date) @IsDate({ message: 'La date est invalide.' })
  from?: Date;
}

const query: ArgumentMetadata = { type: 'query', metatype: ListQuery, data: '' };

describe('CdlpValidationPipe (the read path keeps accepted query strings)', () => {
  it('answers an accepted query again with an equal but new DTO, which the handler may change freely', async () => {
    const pipe = createValidationPipe();
    const first = (await pipe.transform({ page: '2', state: 'A', from: '2026-12-01T10:00:00Z' }, query)) as ListQuery;
    first.page = 99;
    first.from?.setFullYear(2000);
    const second = (await pipe.transform({ page: '2', state: 'A', from: '2026-12-01T10:00:00Z' }, query)) as ListQuery;
    expect(second).toBeInstanceOf(ListQuery);
    expect(second).not.toBe(first);
    expect(second).toEqual(Object.assign(new ListQuery(), { page: 2, pageSize: 20, state: 'A', from: new Date('2026-12-01T10:00:00Z') }));
  });

  it('refuses an invalid query each time with its French message and field, even after accepting others', async () => {
    const pipe = createValidationPipe();
    await pipe.transform({}, query);
    for (let i = 0; i < 2; i++) {
      const refused = await pipe.transform({ state: 'Z' }, query).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(BadRequestException);
      expect((refused as BadRequestException).getResponse()).toMatchObject({ message: "L'état est invalide.", errors: [{ field: 'state' }] });
    }
    await expect(pipe.transform({ page: '0' }, query)).rejects.toBeInstanceOf(BadRequestException);
  });

  it('refuses an unexpected field of a query it accepted without it', async () => {
    const pipe = createValidationPipe();
    await pipe.transform({ state: 'B' }, query);
    await expect(pipe.transform({ state: 'B', other: '1' }, query)).rejects.toBeInstanceOf(BadRequestException);
  });

  it('keeps query strings apart per DTO class and leaves bodies alone', async () => {
    const pipe = createValidationPipe();
    expect(await pipe.transform({}, query)).toBeInstanceOf(ListQuery);
    expect(await pipe.transform({}, { type: 'query', metatype: PageQuery, data: '' })).not.toBeInstanceOf(ListQuery);
    await expect(pipe.transform({ state: 'Z' }, { type: 'body', metatype: ListQuery, data: '' })).rejects.toBeInstanceOf(BadRequestException);
  });
});
