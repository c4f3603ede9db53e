export { contractReview } from './contract-review.workflow';
