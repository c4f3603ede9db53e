import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { decisionSchemas } from '../../../../libs/domain/src';

export class InboxQueryDto {
  @ApiPropertyOptional({ enum: ['open', 'done'], default: 'open' })
  @IsOptional()
  @IsIn(['open', 'done'])
  status?: 'open' | 'done';

  @ApiPropertyOptional({ example: 'contract.review' })
  @IsOptional()
  @Matches(/^[a-z_]+\.[a-z_]+$/)
  kind?: string;

  @ApiPropertyOptional({ example: 'v01' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  villageId?: string;

  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  page?: number;

  @ApiPropertyOptional({ default: 20, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  pageSize?: number;
}

export class CompleteTaskDto {
  @ApiProperty({
    description: 'The decision; its shape depends on the task kind: one of the Decision_<kind> schemas.',
    anyOf: Object.keys(decisionSchemas).map((kind) => ({ $ref: `#/components/schemas/Decision_${kind}` })),
  })
  @IsObject()
  decision: Record<string, unknown>;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string;
}
