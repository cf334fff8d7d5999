import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { createClassifier, type Classifier } from '../../handlers/parse/model/classifier.js'
import { decodeModel, type ModelFile } from '../../handlers/parse/model/model-file.js'
import { createTokenizer } from '../../handlers/parse/model/tokenizer.js'
import { PROJECT_ROOT } from '../config/project-root.js'

/** The model shipped with the project, rebuilt by `npm run train`. */
export const SHIPPED_MODEL_DIR = path.join(PROJECT_ROOT, 'handlers/parse/model/trained')
/** Where `npm run train -- --with-station-data` writes the station's own model. */
export const DEFAULT_STATION_MODEL_DIR = 'data/model'

export function classifierFrom(dir: string): Classifier {
  const file = JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8')) as ModelFile
  return createClassifier(decodeModel(file), createTokenizer(readFileSync(path.join(dir, 'words.txt'))))
}

/** Where the loader says which model it uses (a pino logger will do). */
export interface ModelLog {
  info(obj: object, msg: string): void
  warn(obj: object, msg: string): void
}

const hasModel = (dir: string): boolean => existsSync(path.join(dir, 'model.json')) && existsSync(path.join(dir, 'words.txt'))

/** The station's retrained model when there is one (and it loads), else the shipped one; says which. */
export function loadClassifier(stationDir: string, log?: ModelLog): Classifier {
  if (hasModel(stationDir)) {
    try {
      const classifier = classifierFrom(stationDir)
      log?.info({ model: classifier.version, dir: stationDir }, 'using the station\'s retrained model')
      return classifier
    } catch (error) {
      log?.warn({ err: error, dir: stationDir }, 'the station\'s model could not be loaded; using the shipped one')
    }
  }
  const classifier = classifierFrom(SHIPPED_MODEL_DIR)
  log?.info({ model: classifier.version }, 'using the shipped model')
  return classifier
}
