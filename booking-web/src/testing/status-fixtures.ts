import type { SystemStatus } from '../app/core/api-types';

/** A healthy stack: both components up, one agent with a reader, the three hospitals. */
export function readyStatus(): SystemStatus {
  return {
    service: 'ehr-api',
    version: '0.1.0',
    startedAt: '2025-11-24T01:00:00.000Z',
    readiness: {
      status: 'ready',
      components: [
        { name: 'mongodb', status: 'up', checkedAt: '2025-11-24T07:05:03.000Z', latencyMs: 4 },
        { name: 'hapi-fhir', status: 'up', checkedAt: '2025-11-24T07:05:03.000Z', latencyMs: 37 },
      ],
    },
    agents: [
      {
        deviceId: 'kiosk-bvdk-01',
        online: true,
        lastSeenAt: '2025-11-24T07:05:01.000Z',
        readers: ['Virtual PCD 00 00', 'Virtual PCD 00 01'],
        lastCardEventAt: '2025-11-24T07:04:30.000Z',
      },
    ],
    hospitals: [
      {
        id: 'bvdk-qn',
        name: 'Bệnh viện Đa khoa tỉnh Quảng Ninh',
        facilityCode: '22001',
        departmentCount: 24,
        practitionerCount: 310,
      },
      {
        id: 'bvsn-qn',
        name: 'Bệnh viện Sản Nhi Quảng Ninh',
        facilityCode: '22002',
        departmentCount: 15,
        practitionerCount: 180,
      },
      {
        id: 'bv-baichay',
        name: 'Bệnh viện Bãi Cháy',
        facilityCode: '22003',
        departmentCount: 18,
        practitionerCount: 205,
      },
    ],
  };
}

/** HAPI FHIR down: readiness degraded, the hospital directory unknown (`null`). */
export function hapiDownStatus(): SystemStatus {
  const status = readyStatus();
  return {
    ...status,
    readiness: {
      status: 'degraded',
      components: [
        { name: 'mongodb', status: 'up', checkedAt: '2025-11-24T07:05:03.000Z', latencyMs: 4 },
        {
          name: 'hapi-fhir',
          status: 'down',
          checkedAt: '2025-11-24T07:05:03.000Z',
          detail: 'connect ECONNREFUSED 127.0.0.1:8080',
        },
      ],
    },
    agents: [],
    hospitals: null,
  };
}
