// The cluster's certificate authority and every certificate its components
// present, made with the openssl CLI: one CA signs the API server's serving
// certificate, the client certificates (whose CN and O are the user and
// groups RBAC sees), and the kubelet's serving certificate. Kept across
// restarts; a serving certificate is remade when the addresses it must name
// change (a new node IP, say).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { CLUSTER_NETWORK, type NodeIdentity } from './layout';

const run = promisify(execFile);

const VALID_DAYS = 3650; // a development cluster: no rotation

export interface CertificatePair {
  cert: string;
  key: string;
}

export interface ClusterPki {
  caCert: string;
  caKey: string;
  apiserver: CertificatePair;
  apiserverKubeletClient: CertificatePair;
  admin: CertificatePair;
  controllerManager: CertificatePair;
  scheduler: CertificatePair;
  kubeletClient: CertificatePair;
  kubeletServing: CertificatePair;
  kubeProxy: CertificatePair;
  // Signs and verifies service account tokens.
  serviceAccountKey: string;
  serviceAccountPub: string;
}

interface CertificateRequest {
  file: string; // base name: <file>.crt, <file>.key
  commonName: string;
  organization?: string;
  usage: 'client' | 'server';
  dnsNames?: string[];
  ips?: string[];
}

export async function ensurePki(dir: string, node: NodeIdentity): Promise<ClusterPki> {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const caCert = path.join(dir, 'ca.crt');
  const caKey = path.join(dir, 'ca.key');
  if (!fs.existsSync(caCert) || !fs.existsSync(caKey)) {
    await openssl([
      'req',
      '-x509',
      '-new',
      '-nodes',
      ...EC_KEY,
      '-keyout',
      caKey,
      '-out',
      caCert,
      '-days',
      String(VALID_DAYS),
      '-subj',
      '/CN=streamhub-local-cluster-ca',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ]);
  }
  const issue = (request: CertificateRequest) => ensureCertificate(dir, caCert, caKey, request);
  const pki: ClusterPki = {
    caCert,
    caKey,
    apiserver: await issue({
      file: 'apiserver',
      commonName: 'kube-apiserver',
      usage: 'server',
      dnsNames: [
        'localhost',
        'kubernetes',
        'kubernetes.default',
        'kubernetes.default.svc',
        'kubernetes.default.svc.cluster.local',
      ],
      // Pods reach it at the Service IP and at the node IP (the Service's endpoint).
      ips: [CLUSTER_NETWORK.apiserverServiceIp, '127.0.0.1', node.ip],
    }),
    // The API server's identity towards kubelets (logs, exec, port-forward).
    apiserverKubeletClient: await issue({
      file: 'apiserver-kubelet-client',
      commonName: 'kube-apiserver-kubelet-client',
      organization: 'system:masters',
      usage: 'client',
    }),
    admin: await issue({
      file: 'admin',
      commonName: 'streamhub-admin',
      organization: 'system:masters',
      usage: 'client',
    }),
    // The names the default RBAC roles are bound to.
    controllerManager: await issue({
      file: 'controller-manager',
      commonName: 'system:kube-controller-manager',
      usage: 'client',
    }),
    scheduler: await issue({ file: 'scheduler', commonName: 'system:kube-scheduler', usage: 'client' }),
    kubeletClient: await issue({
      file: 'kubelet-client',
      commonName: `system:node:${node.name}`,
      organization: 'system:nodes',
      usage: 'client',
    }),
    kubeletServing: await issue({
      file: 'kubelet-serving',
      commonName: node.name,
      usage: 'server',
      dnsNames: [node.name, 'localhost'],
      ips: [node.ip, '127.0.0.1'],
    }),
    kubeProxy: await issue({ file: 'kube-proxy', commonName: 'system:kube-proxy', usage: 'client' }),
    ...(await ensureServiceAccountKeys(dir)),
  };
  return pki;
}

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1'];

async function ensureCertificate(
  dir: string,
  caCert: string,
  caKey: string,
  request: CertificateRequest,
): Promise<CertificatePair> {
  const cert = path.join(dir, `${request.file}.crt`);
  const key = path.join(dir, `${request.file}.key`);
  const extensions = [
    'basicConstraints=critical,CA:FALSE',
    'keyUsage=critical,digitalSignature,keyEncipherment',
    `extendedKeyUsage=${request.usage === 'server' ? 'serverAuth' : 'clientAuth'}`,
  ];
  const names = [
    ...(request.dnsNames ?? []).map((name) => `DNS:${name}`),
    ...(request.ips ?? []).map((ip) => `IP:${ip}`),
  ];
  if (names.length > 0) extensions.push(`subjectAltName=${names.join(',')}`);
  const subject = `${request.organization ? `/O=${request.organization}` : ''}/CN=${request.commonName}`;
  // What the certificate says, next to it: when this changes, remake it.
  const wanted = `${subject}\n${extensions.join('\n')}\n`;
  const specFile = path.join(dir, `${request.file}.spec`);
  if (fs.existsSync(cert) && fs.existsSync(key) && readOrEmpty(specFile) === wanted) return { cert, key };

  const csr = path.join(dir, `${request.file}.csr`);
  const extFile = path.join(dir, `${request.file}.ext`);
  fs.writeFileSync(extFile, `${extensions.join('\n')}\n`);
  try {
    await openssl(['req', '-new', '-nodes', ...EC_KEY, '-keyout', key, '-out', csr, '-subj', subject]);
    await openssl([
      'x509',
      '-req',
      '-in',
      csr,
      '-CA',
      caCert,
      '-CAkey',
      caKey,
      '-CAcreateserial',
      '-days',
      String(VALID_DAYS),
      '-extfile',
      extFile,
      '-out',
      cert,
    ]);
  } finally {
    fs.rmSync(csr, { force: true });
    fs.rmSync(extFile, { force: true });
  }
  fs.writeFileSync(specFile, wanted);
  return { cert, key };
}

async function ensureServiceAccountKeys(
  dir: string,
): Promise<Pick<ClusterPki, 'serviceAccountKey' | 'serviceAccountPub'>> {
  const serviceAccountKey = path.join(dir, 'sa.key');
  const serviceAccountPub = path.join(dir, 'sa.pub');
  if (!fs.existsSync(serviceAccountKey) || !fs.existsSync(serviceAccountPub)) {
    await openssl([
      'genpkey',
      '-algorithm',
      'RSA',
      '-pkeyopt',
      'rsa_keygen_bits:2048',
      '-out',
      serviceAccountKey,
    ]);
    await openssl(['pkey', '-in', serviceAccountKey, '-pubout', '-out', serviceAccountPub]);
  }
  return { serviceAccountKey, serviceAccountPub };
}

function readOrEmpty(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

async function openssl(args: string[]): Promise<void> {
  try {
    await run('openssl', args);
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`openssl ${args[0]} failed: ${stderr.trim() || (error as Error).message}`);
  }
}
