// One-shot replica-set initiation, run by the mongo-rN-init services with mongosh:
//   RS_NAME=rs-region-1 RS_MEMBERS=mongo-r1-a:27017,mongo-r1-b:27017,mongo-r1-c:27017 \
//     mongosh --host mongo-r1-a:27017 --quiet --file rs-init.js
// Safe to run again: an already initiated set is left alone. Exits 0 once the set has a primary.
const name = process.env.RS_NAME;
const hosts = (process.env.RS_MEMBERS || '').split(',').map(h => h.trim()).filter(h => h.length > 0);
if (!name || hosts.length === 0) {
  print('RS_NAME and RS_MEMBERS must be set');
  quit(2);
}

try {
  rs.status();
  print(`replica set ${name} was already initiated`);
} catch (e) {
  if (e.codeName !== 'NotYetInitialized') {
    throw e;
  }
  rs.initiate({ _id: name, members: hosts.map((host, i) => ({ _id: i, host: host })) });
  print(`replica set ${name} initiated with ${hosts.join(', ')}`);
}

for (let attempt = 0; attempt < 120; attempt++) {
  try {
    const primary = rs.status().members.find(m => m.stateStr === 'PRIMARY');
    if (primary) {
      print(`replica set ${name}: primary is ${primary.name}`);
      quit(0);
    }
  } catch (e) {
    print(`waiting for replica set ${name}: ${e.message}`);
  }
  sleep(1000);
}
print(`replica set ${name} elected no primary within 120 s`);
quit(1);
