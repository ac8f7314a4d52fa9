export { ordersMcpStdio, startOrdersMcpHttp, type OrdersMcpHttp } from './orders-mcp';
export { testExecutorSettings } from './executor-config';
