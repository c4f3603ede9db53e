import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';

export class StartRedBlackDto {
  @ApiProperty({ example: 'v01' })
  @IsString()
  @MinLength(1)
  @MaxLength(32)
  villageId: string;

  @ApiProperty({ example: 2026 })
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;

  @ApiProperty({ example: 1, minimum: 1, maximum: 4 })
  @IsInt()
  @Min(1)
  @Max(4)
  quarter: number;
}

export class VoteChoiceDto {
  @ApiProperty({ example: 'n01' })
  @IsString()
  @MinLength(1)
  @MaxLength(32)
  nomineeId: string;

  @ApiProperty({ enum: ['agree', 'disagree', 'abstain'] })
  @IsIn(['agree', 'disagree', 'abstain'])
  choice: 'agree' | 'disagree' | 'abstain';
}

export class CastVoteDto {
  @ApiProperty({ type: [VoteChoiceDto], description: '每位被提名人一个选择 / one choice per nominee' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(60)
  @ValidateNested({ each: true })
  @Type(() => VoteChoiceDto)
  choices: VoteChoiceDto[];
}

export class ObjectionDto {
  @ApiProperty({ example: '张三' })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  name: string;

  @ApiProperty({ example: '13800000000' })
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  contact: string;

  @ApiProperty({ example: 'n01' })
  @IsString()
  @MinLength(1)
  @MaxLength(32)
  nomineeId: string;

  @ApiProperty({ example: '所述事迹与事实不符' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason: string;
}

export class BallotQueryDto {
  @ApiPropertyOptional({ enum: ['open', 'closed'] })
  @IsOptional()
  @IsIn(['open', 'closed'])
  status?: 'open' | 'closed';
}

export class ListQueryDto {
  @ApiPropertyOptional({ example: 'v01' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  villageId?: string;

  @ApiPropertyOptional({ example: 2026 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;

  @ApiPropertyOptional({ example: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(4)
  quarter?: number;

  @ApiPropertyOptional({ enum: ['red', 'black'] })
  @IsOptional()
  @IsIn(['red', 'black'])
  color?: 'red' | 'black';
}

export class QuarterQueryDto {
  @ApiProperty({ example: 2026 })
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;

  @ApiProperty({ example: 1 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(4)
  quarter: number;
}
