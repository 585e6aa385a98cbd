// Injected into dist/aztm.mjs (scripts/build.mjs): loads the packed parts' loader at start, so
// that the packed Entra ID part can be unpacked from anywhere, packed command parts included.
import 'aztm:unpack';
