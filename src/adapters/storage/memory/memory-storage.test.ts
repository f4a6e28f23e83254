import { describeStorageConformance } from '../../../testing/storage-conformance.js'
import { describeTriggerStorageConformance } from '../../../testing/conformance/triggers.js'
import { memoryStorage } from './memory-storage.js'

describeStorageConformance({ name: 'memory', create: () => memoryStorage() })
describeTriggerStorageConformance({ name: 'memory', create: () => memoryStorage() })
