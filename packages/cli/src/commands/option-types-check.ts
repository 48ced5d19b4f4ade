// Compile-time proof that option-types.ts matches the packages it stands in for (see there).
import type { Format, SampleMode } from '@pyglass/exporters';
import type { OutputFormatName, SampleModeName } from './option-types.js';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const formatNamesMatch: Same<OutputFormatName, Format> = true;
export const sampleModesMatch: Same<SampleModeName, SampleMode> = true;
