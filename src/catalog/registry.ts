/**
 * The registry of the item types a workload serves (the list: src/workload/item-types.ts). Type names are
 * `<WorkloadName>.<Name>`; job types `<WorkloadName>.<Name>.<Job>` (at most 96 characters, as the manifest XSD).
 */
import { UnknownItemTypeError } from './errors';
import { MAX_JOB_TYPE_LENGTH, type ItemTypeSpec } from './item-type';
import type { JobTypeDeclaration } from './job-type';

export interface RegisteredItemType {
  /** `<WorkloadName>.<Name>` */
  readonly fullName: string;
  readonly spec: ItemTypeSpec;
}

export interface RegisteredJobType {
  /** `<WorkloadName>.<ItemType>.<Job>` */
  readonly fullName: string;
  readonly name: string;
  readonly itemType: RegisteredItemType;
  readonly declaration: JobTypeDeclaration;
}

export interface ItemTypeRegistry {
  readonly workloadName: string;
  readonly itemTypes: readonly RegisteredItemType[];
  readonly jobTypes: readonly RegisteredJobType[];
  find(fullName: string): RegisteredItemType | undefined;
  /** The registered type, or 400 UnknownItemType listing the served types. */
  require(fullName: string): RegisteredItemType;
  findJobType(fullName: string): RegisteredJobType | undefined;
}

export function createItemTypeRegistry(workloadName: string, specs: readonly ItemTypeSpec[]): ItemTypeRegistry {
  const byName = new Map<string, RegisteredItemType>();
  const jobsByName = new Map<string, RegisteredJobType>();
  for (const spec of specs) {
    const fullName = `${workloadName}.${spec.name}`;
    if (byName.has(fullName)) throw new Error(`Item type ${fullName} is declared twice`);
    const registered: RegisteredItemType = Object.freeze({ fullName, spec });
    byName.set(fullName, registered);
    for (const [name, declaration] of Object.entries(spec.jobs ?? {})) {
      const jobFullName = `${fullName}.${name}`;
      if (jobFullName.length > MAX_JOB_TYPE_LENGTH) throw new Error(`Job type ${jobFullName} is longer than ${MAX_JOB_TYPE_LENGTH} characters`);
      jobsByName.set(jobFullName, Object.freeze({ fullName: jobFullName, name, itemType: registered, declaration }));
    }
  }
  const itemTypes = Object.freeze([...byName.values()]);
  const jobTypes = Object.freeze([...jobsByName.values()]);
  return Object.freeze({
    workloadName,
    itemTypes,
    jobTypes,
    find: (fullName: string) => byName.get(fullName),
    require(fullName: string) {
      const t = byName.get(fullName);
      if (!t) throw new UnknownItemTypeError(fullName, itemTypes.map((x) => x.fullName));
      return t;
    },
    findJobType: (fullName: string) => jobsByName.get(fullName),
  });
}
