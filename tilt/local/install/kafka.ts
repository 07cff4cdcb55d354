// The Kafka broker's jars, copied from Maven Central by a tiny pom: Apache's
// download site is unreachable, and a broker is just jars plus a main class.
import fs from 'node:fs';
import path from 'node:path';
import { cacheDir, VERSIONS } from '../versions';
import { ensureJava } from './java';
import { copyMavenJars } from './maven-jars';

const { version, scala, log4j, dependencyPlugin } = VERSIONS.kafka;

// kafka_2.13 leaves the logging backend out; log4j-slf4j-impl (not the
// slf4j2 one) because Kafka 4.1 is built against slf4j-api 1.7.36.
const POM = `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.streamhub</groupId><artifactId>kafka-runtime</artifactId><version>1</version>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_${scala}</artifactId><version>${version}</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-core</artifactId><version>${log4j}</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-slf4j-impl</artifactId><version>${log4j}</version></dependency>
  </dependencies>
</project>
`;

export function kafkaLibsDir(): string {
  return path.join(cacheDir(), `kafka-${version}`, 'libs');
}

// Returns the folder holding every jar the broker needs (`java -cp 'libs/*'`).
export async function ensureKafka(signal?: AbortSignal): Promise<string> {
  await ensureJava();
  const libs = kafkaLibsDir();
  if (fs.existsSync(path.join(libs, `kafka_${scala}-${version}.jar`))) return libs;

  await copyMavenJars({
    pom: POM,
    libs,
    expectedJar: `kafka_${scala}-${version}.jar`,
    dependencyPlugin,
    description: `Kafka ${version} jars from Maven Central (about 15 s, 43 MB, once)`,
    logName: 'kafka-fetch',
    signal,
  });
  return libs;
}
