// POST /api/show: details, model_info, capabilities, template/system/license, padded parameters and the
// generated Modelfile.

import { decodeBody } from '../decode';
import { formatShowParameters, modelInfo, modelfile, tensors } from '../modelfacts';
import { normalizeName, parseName } from '../names';
import { SHOW } from '../schemas';
import { type HandlerContext, optStr, str } from './route';

export function handleShow({ ex, state, body }: HandlerContext): void {
  const req = decodeBody(body, SHOW);
  const nameArg = str(req['model']) || str(req['name']);
  if (nameArg === '') return ex.sendError(400, 'model is required');
  if (!parseName(nameArg)) return ex.sendError(400, 'invalid model name');
  const m = state.installed.get(nameArg);
  if (!m) return ex.sendError(404, `model '${normalizeName(nameArg)}' not found`);

  const system = optStr(req['system']) || m.system;
  const parameters = formatShowParameters(m.parameters);
  const remote = m.remoteHost !== undefined;
  ex.sendJson(200, {
    ...(m.license ? { license: m.license } : {}),
    modelfile: modelfile(m, system),
    ...(parameters ? { parameters } : {}),
    ...(m.template ? { template: m.template } : {}),
    ...(system ? { system } : {}),
    details: {
      parent_model: '',
      format: 'gguf',
      family: m.family,
      families: [m.family],
      parameter_size: m.parameterSize,
      quantization_level: m.quantization,
    },
    ...(remote ? { remote_model: m.remoteModel ?? m.name, remote_host: m.remoteHost } : {}),
    model_info: remote
      ? { 'general.architecture': m.family, [`${m.family}.context_length`]: m.contextLength }
      : modelInfo(m),
    ...(remote ? {} : { tensors: tensors(m) }),
    capabilities: [...m.capabilities],
    modified_at: m.modifiedAt,
  });
}
