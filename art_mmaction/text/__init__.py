from .bank_file import check_bank_shape, load_bank, save_bank
from .builder import build_bank, encode_bank
from .encoders import (OpenCLIPTextEncoder, SentenceTransformerTextEncoder, TextEncoder,
                       build_encoder)
from .label_sources import (BUILTIN_DATASETS, diving48_words, finegym_categories,
                            load_class_names, plain_file)
from .templates import DEFAULT_TEMPLATES, check_templates, load_templates

__all__ = ['BUILTIN_DATASETS', 'DEFAULT_TEMPLATES', 'OpenCLIPTextEncoder',
           'SentenceTransformerTextEncoder', 'TextEncoder', 'build_bank', 'build_encoder',
           'check_bank_shape', 'check_templates', 'diving48_words', 'encode_bank',
           'finegym_categories', 'load_bank', 'load_class_names', 'load_templates',
           'plain_file', 'save_bank']
