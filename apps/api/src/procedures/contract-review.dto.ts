import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { MAX_FEN } from '../../../../libs/domain/src';

export class StartContractReviewDto {
  @ApiProperty({ example: 'v01' })
  @IsString()
  @MinLength(1)
  @MaxLength(32)
  villageId: string;

  @ApiProperty({ example: '村集体鱼塘承包合同' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title: string;

  @ApiProperty({ example: '某某水产合作社' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  counterparty: string;

  @ApiProperty({ description: '金额,单位分 / amount in fen', example: 1_250_000, minimum: 0, maximum: MAX_FEN })
  @IsInt()
  @Min(0)
  @Max(MAX_FEN)
  amountFen: number;

  @ApiProperty({ example: '承包期5年,年租金12500元。' })
  @IsString()
  @MinLength(1)
  @MaxLength(10_000)
  summary: string;
}
