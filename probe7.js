const { Session } = require("inspector");
const s = new Session(); s.connect();
s.post("Profiler.enable"); s.post("Profiler.setSamplingInterval", { interval: 200 }); s.post("Profiler.start");
const cpu0 = process.cpuUsage();
const { Compiler } = require("./dist/kernel/compiler");
const c = new Compiler({ cwd: process.cwd(), root: process.cwd() });
const cpu = process.cpuUsage(cpu0);
console.log("ctor cpu", ((cpu.user + cpu.system) / 1000).toFixed(0), c.timings, c.codeCache);
s.post("Profiler.stop", (err, { profile }) => { require("fs").writeFileSync("/tmp/create.cpuprofile", JSON.stringify(profile)); process.exit(0); });
