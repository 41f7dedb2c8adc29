// Part 1 of the contract suite (test/contract-suite.ts): its share of the providers.
import { contractSuite } from './contract-suite.ts';

contractSuite(1);
