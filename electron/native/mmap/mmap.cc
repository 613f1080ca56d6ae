// episcope_mmap: memory-map a file read-only and hand it to JavaScript as an ArrayBuffer without copying.
//
//   map(path: string): ArrayBuffer
//     - opens `path` read-only, maps the whole file with PROT_READ + MAP_SHARED and closes the descriptor
//       (the mapping stays valid on its own);
//     - returns an external ArrayBuffer over the mapping; its finalizer munmaps when the ArrayBuffer (and every
//       view on it) has been garbage-collected. There is deliberately no explicit unmap: a view still held by
//       JavaScript would then point at unmapped memory;
//     - a 0-byte file is not mapped (mmap rejects length 0): an empty, ordinary ArrayBuffer is returned;
//     - throws an Error whose `code` is the errno name (ENOENT, EACCES, ...) with the path in the message, or
//       `ERR_EXTERNAL_BUFFERS_NOT_ALLOWED` when the runtime refuses external buffers (Electron with the V8 memory
//       cage/sandbox): callers then fall back to positional reads.
//
// If the file is truncated by another process while mapped, touching the lost pages raises SIGBUS; episodes are
// recordings that are not written to while reviewed, which is the assumption here.
#include <napi.h>

#include <cerrno>
#include <cstring>
#include <string>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

const char* ErrnoName(int err) {
  switch (err) {
    case ENOENT: return "ENOENT";
    case EACCES: return "EACCES";
    case EISDIR: return "EISDIR";
    case ENOMEM: return "ENOMEM";
    case EMFILE: return "EMFILE";
    case ENFILE: return "ENFILE";
    case ENODEV: return "ENODEV";
    case EINVAL: return "EINVAL";
    case EOVERFLOW: return "EOVERFLOW";
    default: return "EIO";
  }
}

Napi::Value ThrowErrno(Napi::Env env, const char* what, const std::string& path, int err) {
  Napi::Error error = Napi::Error::New(env, std::string(what) + " " + path + ": " + std::strerror(err));
  error.Set("code", Napi::String::New(env, ErrnoName(err)));
  error.Set("errno", Napi::Number::New(env, err));
  error.ThrowAsJavaScriptException();
  return env.Undefined();
}

void Unmap(napi_env /*env*/, void* data, void* hint) {
  munmap(data, reinterpret_cast<size_t>(hint));
}

Napi::Value Map(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsString()) {
    Napi::TypeError::New(env, "map(path): path must be a string").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  const std::string path = info[0].As<Napi::String>().Utf8Value();

  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ThrowErrno(env, "open", path, errno);

  struct stat st;
  if (fstat(fd, &st) != 0) {
    int err = errno;
    close(fd);
    return ThrowErrno(env, "fstat", path, err);
  }
  if (!S_ISREG(st.st_mode)) {
    close(fd);
    return ThrowErrno(env, "map", path, S_ISDIR(st.st_mode) ? EISDIR : ENODEV);
  }
  const size_t length = static_cast<size_t>(st.st_size);
  if (length == 0) {
    close(fd);
    return Napi::ArrayBuffer::New(env, 0);
  }

  void* addr = mmap(nullptr, length, PROT_READ, MAP_SHARED, fd, 0);
  int mapErr = errno;
  close(fd);
  if (addr == MAP_FAILED) return ThrowErrno(env, "mmap", path, mapErr);

  napi_value result;
  napi_status status =
      napi_create_external_arraybuffer(env, addr, length, Unmap, reinterpret_cast<void*>(length), &result);
  if (status != napi_ok) {
    munmap(addr, length);
    // 22 = napi_no_external_buffers_allowed (not declared by every header version).
    const bool refused = static_cast<int>(status) == 22;
    Napi::Error error = Napi::Error::New(
        env, refused ? "map " + path + ": this runtime does not allow external ArrayBuffers"
                     : "map " + path + ": napi_create_external_arraybuffer failed (status " +
                           std::to_string(static_cast<int>(status)) + ")");
    error.Set("code", Napi::String::New(env, refused ? "ERR_EXTERNAL_BUFFERS_NOT_ALLOWED" : "ERR_NAPI"));
    error.ThrowAsJavaScriptException();
    return env.Undefined();
  }
  return Napi::Value(env, result);
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("map", Napi::Function::New(env, Map, "map"));
  return exports;
}

}  // namespace

NODE_API_MODULE(episcope_mmap, Init)
