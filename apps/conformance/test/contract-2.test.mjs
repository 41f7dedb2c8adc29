// Part 2 of the contract suite (test/contract-suite.mjs): its share of the providers.
import { contractSuite } from './contract-suite.mjs';

contractSuite(2);
