export { testDataSource } from './test-data-source';
