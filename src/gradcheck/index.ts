export * from "./gradcheck";
