/**
 * How an item type declares its jobs (`{WorkloadName}.{ItemType}.{Job}`): timeout, delegated scopes, executionData
 * validation and the handler. The contract lives with the jobs module, which runs the handlers from the queue and
 * records the instance state (src/jobs/job-type.ts, docs/jobs.md).
 */
import type { JobContext, JobTypeDeclaration } from '../jobs/job-type';

export type JobDeclaration<TData = unknown> = JobTypeDeclaration<TData>;
export type JobRunContext<TData = unknown> = JobContext<TData>;
export type JobHandler<TData = unknown> = (context: JobContext<TData>) => Promise<void>;
