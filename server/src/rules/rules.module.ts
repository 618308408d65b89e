import { Module } from '@nestjs/common';
import { MetricsModule } from '../metrics/metrics.module';
import { RulesController } from './rules.controller';
import { RulesService } from './rules.service';

/** The correlation and threshold rules, reloaded from their file. */
@Module({
  imports: [MetricsModule],
  controllers: [RulesController],
  providers: [RulesService],
  exports: [RulesService],
})
export class RulesModule {}
