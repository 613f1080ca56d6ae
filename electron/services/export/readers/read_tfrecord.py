"""Independent reader for the RLDS TFRecord export: checks the framing (both masked CRC32C of every record) and
decodes each record as a tf.train.Example with Python's protobuf (Debian python3-protobuf). TensorFlow is not
needed: the Example messages are declared here from tensorflow/core/example/{feature,example}.proto.

usage: python3 read_tfrecord.py FILE [BINDIR]
With BINDIR, every binary value (e.g. a JPEG image) is also written to BINDIR/<record>__<key with / as _>__<i>.bin.
Output: JSON list, one object per record: feature key -> {"kind": "bytes"|"float"|"int64", "values": [...]}
(bytes as UTF-8 text, or {"bytes", "head"} for binary values such as JPEG images). Exits 1 naming the offset on a CRC mismatch or a truncated record.
"""
import json
import struct
import sys

from google.protobuf import descriptor_pb2, descriptor_pool, message_factory


def _crc32c_table():
    table = []
    for i in range(256):
        crc = i
        for _ in range(8):
            crc = (crc >> 1) ^ 0x82F63B78 if crc & 1 else crc >> 1
        table.append(crc)
    return table


_TABLE = _crc32c_table()


def crc32c(data):
    crc = 0xFFFFFFFF
    for b in data:
        crc = _TABLE[(crc ^ b) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


def masked_crc(data):
    crc = crc32c(data)
    return (((crc >> 15) | (crc << 17)) + 0xA282EAD8) & 0xFFFFFFFF


def example_class():
    f = descriptor_pb2.FileDescriptorProto(name="example_reader.proto", package="tensorflow", syntax="proto3")
    T = descriptor_pb2.FieldDescriptorProto

    def msg(name, fields, oneof=None):
        m = f.message_type.add(name=name)
        if oneof:
            m.oneof_decl.add(name=oneof)
        for fname, number, ftype, label, type_name, packed in fields:
            fd = m.field.add(name=fname, number=number, type=ftype, label=label)
            if type_name:
                fd.type_name = type_name
            if packed:
                fd.options.packed = True
            if oneof:
                fd.oneof_index = 0
        return m

    R, O = T.LABEL_REPEATED, T.LABEL_OPTIONAL
    msg("BytesList", [("value", 1, T.TYPE_BYTES, R, None, False)])
    msg("FloatList", [("value", 1, T.TYPE_FLOAT, R, None, True)])
    msg("Int64List", [("value", 1, T.TYPE_INT64, R, None, True)])
    msg("Feature", [("bytes_list", 1, T.TYPE_MESSAGE, O, ".tensorflow.BytesList", False),
                    ("float_list", 2, T.TYPE_MESSAGE, O, ".tensorflow.FloatList", False),
                    ("int64_list", 3, T.TYPE_MESSAGE, O, ".tensorflow.Int64List", False)], oneof="kind")
    entry = msg("Features", [("feature", 1, T.TYPE_MESSAGE, R, ".tensorflow.Features.FeatureEntry", False)])
    nested = entry.nested_type.add(name="FeatureEntry")
    nested.options.map_entry = True
    nested.field.add(name="key", number=1, type=T.TYPE_STRING, label=O)
    nested.field.add(name="value", number=2, type=T.TYPE_MESSAGE, label=O, type_name=".tensorflow.Feature")
    msg("Example", [("features", 1, T.TYPE_MESSAGE, O, ".tensorflow.Features", False)])
    pool = descriptor_pool.DescriptorPool()
    pool.Add(f)
    descriptor = pool.FindMessageTypeByName("tensorflow.Example")
    if hasattr(message_factory, "GetMessageClass"):
        return message_factory.GetMessageClass(descriptor)
    return message_factory.MessageFactory(pool).GetPrototype(descriptor)


def text_or_summary(value):
    """UTF-8 text as is; other bytes (e.g. JPEG images) as {"bytes": size, "head": first 3 bytes in hex}."""
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return {"bytes": len(value), "head": value[:3].hex()}


def main(path, bindir=None):
    Example = example_class()
    data = open(path, "rb").read()
    offset = 0
    records = []
    while offset < len(data):
        if offset + 12 > len(data):
            sys.exit(f"{path} @ {offset}: truncated record header")
        (length,) = struct.unpack_from("<Q", data, offset)
        (length_crc,) = struct.unpack_from("<I", data, offset + 8)
        if length_crc != masked_crc(data[offset:offset + 8]):
            sys.exit(f"{path} @ {offset}: length CRC mismatch")
        payload = data[offset + 12:offset + 12 + length]
        if len(payload) != length or offset + 16 + length > len(data):
            sys.exit(f"{path} @ {offset}: truncated record")
        (data_crc,) = struct.unpack_from("<I", data, offset + 12 + length)
        if data_crc != masked_crc(payload):
            sys.exit(f"{path} @ {offset}: data CRC mismatch")
        example = Example()
        example.ParseFromString(payload)
        out = {}
        for key, feature in example.features.feature.items():
            kind = feature.WhichOneof("kind")
            if kind == "bytes_list":
                values = [text_or_summary(v) for v in feature.bytes_list.value]
                if bindir:
                    for i, v in enumerate(feature.bytes_list.value):
                        if isinstance(values[i], dict):
                            with open(f"{bindir}/{len(records)}__{key.replace('/', '_')}__{i}.bin", "wb") as w:
                                w.write(v)
                out[key] = {"kind": "bytes", "values": values}
            elif kind == "float_list":
                out[key] = {"kind": "float", "values": list(feature.float_list.value)}
            else:
                out[key] = {"kind": "int64", "values": list(feature.int64_list.value)}
        records.append(out)
        offset += 16 + length
    json.dump(records, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None)
