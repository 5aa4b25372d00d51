/** How the jobs machinery finds a job type by its full name (`{WorkloadName}.{ItemType}.{Job}`). */
import type { JobTypeDeclaration } from '../catalog/job-type';
import type { ItemTypeRegistry } from '../catalog/registry';

/** A job type found by its full name. */
export interface ResolvedJobType {
  readonly jobType: string;
  readonly itemType: string;
  readonly declaration: JobTypeDeclaration<unknown>;
}

export interface JobTypeResolver {
  resolve(jobType: string): ResolvedJobType | undefined;
}

/** Job types from the registry (item types declare their jobs). */
export function registryJobTypes(registry: ItemTypeRegistry): JobTypeResolver {
  return {
    resolve(jobType) {
      const found = registry.findJobType(jobType);
      return found ? { jobType: found.fullName, itemType: found.itemType.fullName, declaration: found.declaration } : undefined;
    },
  };
}

/** executionData as the declaration's parser reads it. */
export function parseExecutionDataOf(declaration: JobTypeDeclaration<unknown>, raw: Readonly<Record<string, unknown>> | undefined): unknown {
  return declaration.parseExecutionData ? declaration.parseExecutionData(raw) : raw;
}
