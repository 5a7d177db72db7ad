/** IAM policy semantics for S3: normalisation, condition evaluation, public-ness, deny coverage, perimeter. */
export * from './normalize.js';
export * from './conditions.js';
export * from './actions.js';
export * from './principals.js';
export * from './resources.js';
export * from './coverage.js';
export * from './public.js';
export * from './perimeter.js';
export * from './transport.js';
export * from './bpa.js';
export * from './locate.js';
export { hasPolicyVariable, hasWildcard, isFixedValue, globMatches } from './glob.js';
export { parseCidr, isBroadSourceIp } from './ip.js';
export * from './bucket-policy.js';
export * from './cross-account.js';
