export { contractReview } from './contract-review.workflow';
export { mediation } from './mediation.workflow';
export { redBlack } from './red-black.workflow';
export { assessmentQuarter } from './assessment-quarter.workflow';
export { assessmentYear } from './assessment-year.workflow';
export { rewardPlan } from './reward-plan.workflow';
export { redBlackQuarterStart, redBlackQuarterEnd } from './red-black-schedule.workflow';
export { redlistReward } from './redlist-reward.workflow';
