import multer from 'multer'
import { AppError } from '../app-error.js'
import type { AppContext } from './context.js'

export interface UploadedFile {
  bytes: Buffer
  /** Client-supplied and untrusted: never used to decide what the file is. */
  originalName: string
}

export interface SingleFileOptions {
  field: string
  maxBytes: number
}

type MulterHandler = ReturnType<multer.Multer['single']>
type ExpressRequest = Parameters<MulterHandler>[0]
type ExpressResponse = Parameters<MulterHandler>[1]

function toAppError(err: unknown, options: SingleFileOptions): AppError {
  if (err instanceof multer.MulterError) {
    if (err.code === 'LIMIT_FILE_SIZE') {
      return new AppError(
        'PAYLOAD_TOO_LARGE',
        `The file is larger than ${options.maxBytes / 1024 / 1024} MiB.`,
      )
    }
    if (err.code === 'LIMIT_UNEXPECTED_FILE' || err.code === 'LIMIT_FILE_COUNT') {
      return new AppError(
        'VALIDATION_FAILED',
        `Send exactly one file, in the field "${options.field}".`,
      )
    }
    return new AppError('VALIDATION_FAILED', `The multipart body was refused: ${err.message}.`)
  }
  // busboy's parse errors: "Unexpected end of form", "Malformed part header", no boundary, ...
  return new AppError('VALIDATION_FAILED', 'The multipart body could not be parsed.', {
    cause: err,
  })
}

const readers = new Map<string, MulterHandler>()

function multerFor(options: SingleFileOptions): MulterHandler {
  const key = `${options.field}:${options.maxBytes}`
  const existing = readers.get(key)
  if (existing) return existing
  const parse = multer({
    storage: multer.memoryStorage(),
    limits: {
      fileSize: options.maxBytes,
      files: 1,
      fields: 4,
      fieldSize: 1024,
      parts: 5,
      headerPairs: 20,
    },
  }).single(options.field)
  readers.set(key, parse)
  return parse
}

/**
 * Reads one file from a multipart/form-data body with multer (busboy underneath), in memory,
 * with hard limits: one file of at most `maxBytes` in `field`, a few small text fields, nothing
 * else. Only routes declared multipart read one.
 */
export async function readSingleFile(
  ctx: AppContext,
  options: SingleFileOptions,
): Promise<UploadedFile> {
  if (!ctx.request.is('multipart/form-data')) {
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      `Send multipart/form-data with the file in the field "${options.field}".`,
    )
  }
  // multer is Express middleware: it only reads the Node request stream and sets `req.file`.
  const req = ctx.req as unknown as ExpressRequest
  const parse = multerFor(options)
  await new Promise<void>((resolve, reject) => {
    parse(req, ctx.res as unknown as ExpressResponse, (err?: unknown) =>
      err ? reject(toAppError(err, options)) : resolve(),
    )
  })
  if (!req.file) {
    throw new AppError('VALIDATION_FAILED', `Missing the file field "${options.field}".`, {
      details: { fieldErrors: { [options.field]: ['Required'] } },
    })
  }
  return { bytes: req.file.buffer, originalName: req.file.originalname }
}
