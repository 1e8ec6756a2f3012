import { writeDemoCsv } from "./src/demo/csv";
await writeDemoCsv({ customers: 20000, transactionsPath: process.argv[2]!, customersPath: process.argv[3]! });
