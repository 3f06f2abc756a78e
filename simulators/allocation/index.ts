export { ALLOCATION_NAMES, DEFAULT_PFF_THRESHOLD, DEFAULT_WS_WINDOW, allocationInfo, parseAllocation, parseAllocationList } from './allocationSpec.js';
export type { AllocationInfo, AllocationName, AllocationSpec, ChargeRule } from './allocationSpec.js';
export { runAllocated, type AllocatedOutcome } from './runAllocated.js';
export { RESIDENT_SAMPLES } from './processModel.js';
