// The parts of the modular Firebase Auth SDK the sign-in page uses, bundled
// by build.sh into ../assets/firebase-auth.js (served from the binary: no
// CDN at run time).
export { initializeApp } from "firebase/app";
export {
  getAuth, connectAuthEmulator, signInWithEmailAndPassword, createUserWithEmailAndPassword,
  signInWithPopup, GoogleAuthProvider, signOut, onAuthStateChanged, inMemoryPersistence, setPersistence,
} from "firebase/auth";
