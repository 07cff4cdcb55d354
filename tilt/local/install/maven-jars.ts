// Java programs from Maven Central: a tiny pom lists them, and
// maven-dependency-plugin copies them with their dependencies into a folder
// (`java -cp '<folder>/*'`). Used for the Kafka broker and Temporal's test server.
import fs from 'node:fs';
import path from 'node:path';
import { runLogged, step } from '../progress';
import { cacheLogFile } from '../versions';
import { ensureMaven } from './java';

export interface MavenJars {
  pom: string;
  libs: string; // where the jars end up; the pom goes next to it
  expectedJar: string; // a jar that must be there afterwards
  dependencyPlugin: string; // maven-dependency-plugin version
  description: string; // for the progress line, e.g. "Kafka 4.1.1 jars from Maven Central (about 15 s, 43 MB, once)"
  logName: string;
  signal?: AbortSignal;
}

export async function copyMavenJars(spec: MavenJars): Promise<void> {
  const mvn = await ensureMaven();
  const home = path.dirname(spec.libs);
  const pomFile = path.join(home, 'pom.xml');
  fs.mkdirSync(home, { recursive: true });
  fs.writeFileSync(pomFile, spec.pom);
  // Copy into a side folder and rename at the end, so an interrupted download
  // never looks like a complete one.
  const partial = `${spec.libs}.partial`;
  fs.rmSync(partial, { recursive: true, force: true });
  const logFile = cacheLogFile(spec.logName);
  await step(`fetch ${spec.description}`, async () => {
    try {
      await runLogged({
        title: 'mvn copy-dependencies',
        command: mvn,
        args: [
          '-B',
          '-q',
          `org.apache.maven.plugins:maven-dependency-plugin:${spec.dependencyPlugin}:copy-dependencies`,
          '-DincludeScope=runtime',
          `-DoutputDirectory=${partial}`,
        ],
        cwd: home,
        logFile,
        signal: spec.signal,
      });
    } catch (error) {
      if (spec.signal?.aborted) throw new Error('interrupted');
      const detail = error instanceof Error ? error.message : String(error);
      throw new Error(
        `could not fetch the jars of ${pomFile} from Maven Central with ${mvn}. Maven Central must be reachable through mvn (check ~/.m2/settings.xml for mirrors and proxies). ${detail}`,
      );
    }
  });
  if (!fs.existsSync(path.join(partial, spec.expectedJar))) {
    throw new Error(`mvn finished but ${partial} has no ${spec.expectedJar}; see ${logFile}`);
  }
  fs.rmSync(spec.libs, { recursive: true, force: true });
  fs.renameSync(partial, spec.libs);
}
