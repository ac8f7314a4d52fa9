export { ordersMcpStdio, startOrdersMcpHttp, type OrdersMcpHttp } from './orders-mcp';
