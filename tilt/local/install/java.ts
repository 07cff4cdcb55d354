// Java and Maven, which Kafka needs: Maven fetches the broker's jars from
// Maven Central (the Apache download site is unreachable), Java runs them.
import { spawnSync } from 'node:child_process';
import { VERSIONS } from '../versions';
import { aptInstall, findOnPath } from './system';

// Kafka 4 brokers refuse to run on Java older than 17.
const MIN_JAVA = 17;

function javaMajor(java: string): number | undefined {
  const out = spawnSync(java, ['-version'], { encoding: 'utf8' });
  const match = /version "(\d+)(?:\.(\d+))?/.exec(`${out.stderr}${out.stdout}`);
  if (!match) return undefined;
  const first = Number(match[1]);
  return first === 1 ? Number(match[2]) : first; // "1.8.0" is Java 8
}

export async function ensureJava(): Promise<string> {
  let java = findOnPath('java');
  if (!java) {
    await aptInstall([VERSIONS.java.aptPackage], 'Kafka needs Java 17 or newer (`java` was not found)');
    java = findOnPath('java');
  }
  if (!java)
    throw new Error(`java is still not on PATH after installing ${VERSIONS.java.aptPackage}; check PATH`);
  const major = javaMajor(java);
  if (major !== undefined && major < MIN_JAVA) {
    throw new Error(
      `${java} is Java ${major}; Kafka ${VERSIONS.kafka.version} needs Java ${MIN_JAVA}+. Install ${VERSIONS.java.aptPackage} and put it first on PATH`,
    );
  }
  return java;
}

export async function ensureMaven(): Promise<string> {
  let mvn = findOnPath('mvn');
  if (!mvn) {
    await aptInstall(
      [VERSIONS.maven.aptPackage],
      'Kafka is fetched from Maven Central with Maven (`mvn` was not found)',
    );
    mvn = findOnPath('mvn');
  }
  if (!mvn)
    throw new Error(`mvn is still not on PATH after installing ${VERSIONS.maven.aptPackage}; check PATH`);
  return mvn;
}
