export { contractReview } from './contract-review.workflow';
export { mediation } from './mediation.workflow';
export { redBlack } from './red-black.workflow';
export { assessmentQuarter, assessmentYear, rewardPlan } from './assessment.workflow';
export { redBlackQuarterStart, redBlackQuarterEnd } from './red-black-schedule.workflow';
export { redlistReward } from './redlist-reward.workflow';
